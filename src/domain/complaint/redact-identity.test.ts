import { describe, expect, it } from 'vitest';
import { redactIdentity } from './redact-identity.ts';

describe('redactIdentity', () => {
  it('withholds the identity lines, the known values anywhere, and identity-shaped numbers and addresses', () => {
    const text = [
      'Yth. Bapak/Ibu,',
      '',
      'Nama: Budi Santoso',
      'NIK: 6308011203850002',
      'No. HP/WA: 0812-5131-2277',
      'Alamat: RT 03 RW 01, Desa Sukamaju',
      '',
      'Petugas meminta Rp 500.000 di depan rumah Budi Santoso di RT 03 RW 01, Desa Sukamaju.',
      'Hubungi saya di budi.santoso.skm@gmail.com atau 081251312277.',
      '',
      'Hormat saya,',
      'Budi Santoso',
    ].join('\n');
    const redacted = redactIdentity(text, {
      name: 'Budi Santoso',
      nik: '6308011203850002',
      phone: '+6281251312277',
      address: 'RT 03 RW 01, Desa Sukamaju',
      email: 'budi.santoso.skm@gmail.com',
    });
    expect(redacted).toContain('Nama: [dirahasiakan]');
    expect(redacted).toContain('NIK: [dirahasiakan]');
    expect(redacted).toContain('No. HP/WA: [dirahasiakan]');
    expect(redacted).toContain('Petugas meminta Rp 500.000 di depan rumah [dirahasiakan] di [dirahasiakan].');
    for (const secret of ['Budi', '6308011203850002', '0812', 'gmail', 'Sukamaju']) {
      expect(redacted, secret).not.toContain(secret);
    }
  });

  it('leaves a text without identity as it was', () => {
    const text = 'Warga RT 05: lampu jalan di Jl. Ahmad Yani Km 4,5 mati sejak 10 November 2026.';
    expect(redactIdentity(text, {})).toBe(text);
  });
});
