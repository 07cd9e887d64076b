import { describe, expect, it } from 'vitest';
import { missingIdentityFields, newIdentityFields } from './identity-check.ts';
import { normalisePhone, mobileNumberIn } from './phone-number.ts';
import { letterSubjectIn, readComplaintText } from './read-complaint-text.ts';
import { signatureNameIn } from './signature-name.ts';

const read = (text: string, sender: { senderName?: string; senderEmail?: string } = {}) =>
  readComplaintText({ subject: 'Pengaduan', text, ...sender });

describe('readComplaintText: labelled lines', () => {
  it('reads the LAPOR! form lines, whatever the label variant', () => {
    const { identity } = read(
      [
        'Nama Lengkap : Budi Santoso',
        'NIK/No. KTP: 6311 0312 0487 0000',
        'HP/WA/Telp: 0812-5134-7782',
        'Alamat: RT 03 RW 01, Desa Sukamaju,',
        '        Kecamatan Tanjung Harapan',
        'Email: Budi.Santoso@Gmail.com (aktif)',
      ].join('\n'),
    );
    expect(identity).toEqual({
      name: 'Budi Santoso',
      nik: '6311031204870000',
      phone: '+6281251347782',
      address: 'RT 03 RW 01, Desa Sukamaju, Kecamatan Tanjung Harapan',
      email: 'budi.santoso@gmail.com',
    });
  });

  it.each([
    ['No. HP: 0812 5134 7782', '+6281251347782'],
    ['Telp: (0511) 4123456', '+625114123456'],
    ['No. Telp 0511-4127788', '+625114127788'],
    ['WA: +62 852-4811-2093', '+6285248112093'],
    ['Nomor WhatsApp: 6282153904417', '+6282153904417'],
    ['- HP : 0813.4827.1156', '+6281348271156'],
  ])('phone %s → %s', (line, phone) => {
    expect(read(line).identity.phone).toBe(phone);
  });

  it('takes a NIK of exactly 16 digits, nothing shorter or longer', () => {
    expect(read('NIK: 6311031204870000').identity.nik).toBe('6311031204870000');
    expect(read('NIK: 631103120487000').identity.nik).toBeUndefined();
    expect(read('NIK: 63110312048700001').identity.nik).toBeUndefined();
    expect(read('No KTP 6311-0312-0487-0000').identity.nik).toBe('6311031204870000');
    // A NIK-like number in the story is not a NIK.
    expect(read('Nomor pelanggan 6311031204870000 tidak dikenal').identity.nik).toBeUndefined();
  });

  it('finds an unlabelled mobile number, but not a landline or a NIK', () => {
    expect(read('Hubungi saya di 0812-5134-7782 kapan saja.').identity.phone).toBe('+6281251347782');
    expect(read('Kode pelanggan 0511 4123456.').identity.phone).toBeUndefined();
    expect(read('Nomor 6281031204870000 di KK').identity.phone).toBeUndefined();
  });
});

describe('readComplaintText: signature and sender', () => {
  it('takes the name under "Hormat saya," before the sender display name', () => {
    const text = 'Mohon ditindaklanjuti.\n\nHormat saya,\nRina Wulandari\n0852 4811 2093';
    expect(read(text, { senderName: 'rina88', senderEmail: 'rina@outlook.com' }).identity).toEqual({
      name: 'Rina Wulandari',
      phone: '+6285248112093',
      email: 'rina@outlook.com',
    });
  });

  it('falls back to the display name, never to an address shown as a name', () => {
    expect(read('Tolong.', { senderName: 'Siti Aminah' }).identity.name).toBe('Siti Aminah');
    expect(read('Tolong.', { senderName: 'siti@yahoo.co.id' }).identity.name).toBeUndefined();
  });

  it.each([
    ['Salam,\nAndi Pratama', 'Andi Pratama'],
    ['Terima kasih,\n\nHj. Rusmiati', 'Hj. Rusmiati'],
    ['Hormat saya,\nPelapor,\n(ttd)\n\n( Hj. Rusmiati )', 'Hj. Rusmiati'],
    ["Wassalamu'alaikum Wr. Wb.\nMuhammad Yusuf Hidayat", 'Muhammad Yusuf Hidayat'],
    ['Hormat kami,\nLayanan Pengaduan Masyarakat', undefined],
    ['Terima kasih,\nsaya tunggu kabarnya 2 hari', undefined],
    ['Terima kasih atas perhatiannya.\nBudi', undefined],
  ])('signature %j → %s', (text, name) => {
    expect(signatureNameIn(text)).toBe(name);
  });

  it('finds an e-mail address in a faxed letter without a label', () => {
    expect(read('Balasan dapat dikirim ke ahmad.fauzi@yahoo.co.id. Terima kasih').identity.email).toBe(
      'ahmad.fauzi@yahoo.co.id',
    );
  });

  it('reads the subject of a letter', () => {
    expect(letterSubjectIn('Lampiran: -\nPerihal : Pengaduan Air PDAM tidak mengalir\n')).toBe(
      'Pengaduan Air PDAM tidak mengalir',
    );
    expect(letterSubjectIn('Tidak ada')).toBeUndefined();
  });
});

describe('identity check', () => {
  it('asks for name, NIK and a way to reach the citizen', () => {
    expect(missingIdentityFields({})).toEqual(['name', 'nik', 'contact']);
    expect(missingIdentityFields({ email: 'a@b.id' })).toEqual(['name', 'nik']);
    expect(missingIdentityFields({ name: 'A', nik: '1'.repeat(16), phone: '+62812' })).toEqual([]);
  });

  it('fills gaps from a follow-up and never overwrites', () => {
    expect(
      newIdentityFields({ name: 'Rina', email: 'r@o.com' }, { name: 'Mallory', nik: '6311', phone: '+62' }),
    ).toEqual({ nik: '6311', phone: '+62' });
  });
});

describe('phone numbers', () => {
  it.each([
    ['0812-5134-7782', '+6281251347782'],
    ['+62 812 5134 7782', '+6281251347782'],
    ['(0511) 4123456', '+625114123456'],
    ['+60 12-345 6789', '+60123456789'],
    ['12345', undefined],
    ['0012345678', undefined],
  ])('%s → %s', (written, stored) => {
    expect(normalisePhone(written)).toBe(stored);
  });

  it('finds mobile numbers inside text', () => {
    expect(mobileNumberIn('WA saya 085248112093, terima kasih')).toBe('+6285248112093');
  });
});
