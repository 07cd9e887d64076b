import { describe, expect, it } from 'vitest';
import { parseReplyCommand } from './reply-command.ts';

const ok = (reply: string) => {
  const parsed = parseReplyCommand(reply);
  if (!parsed.ok) throw new Error(`expected a command, got ${parsed.problem}: ${parsed.message}`);
  return parsed.command;
};
const problem = (reply: string) => {
  const parsed = parseReplyCommand(reply);
  if (parsed.ok) throw new Error(`expected a problem, got ${JSON.stringify(parsed.command)}`);
  return parsed;
};

describe('parseReplyCommand', () => {
  it.each([
    ['SETUJU', 'setuju'],
    ['setuju', 'setuju'],
    ['Setuju.', 'setuju'],
    ['Setuju!\n\nTerima kasih.\n-- \nKadis Kominfo', 'setuju'],
    ['APPROVE', 'setuju'],
    ['TTD', 'setuju'],
    ['ttd.', 'setuju'],
    ['Sign', 'setuju'],
    ['*SETUJU*', 'setuju'],
    ['  \n\n  teruskan', 'teruskan'],
    ['Jalur cepat', 'jalur_cepat'],
    ['JALURCEPAT', 'jalur_cepat'],
    ['fast lane', 'jalur_cepat'],
    ['Ambil', 'ambil'],
    ['KIRIM', 'kirim'],
    ['Selesai', 'selesai'],
    ['done', 'selesai'],
  ])('reads %j as %s', (reply, action) => {
    expect(ok(reply)).toMatchObject({ kind: 'action', action });
  });

  it('keeps the argument of the command line and the instructions below it', () => {
    expect(
      ok(
        'TERUSKAN Kabid Aptika\nMohon dicek ke lapangan dan dilaporkan paling lambat Jumat.\n\nSalam,\nKadis',
      ),
    ).toEqual({
      kind: 'action',
      action: 'teruskan',
      argument: 'Kabid Aptika',
      body: 'Mohon dicek ke lapangan dan dilaporkan paling lambat Jumat.\n\nSalam,\nKadis',
    });
  });

  it('reads a reason on the command line or below it, and refuses TOLAK/KEMBALIKAN without one', () => {
    expect(ok('TOLAK bukan kewenangan Pemkab, jalan nasional')).toMatchObject({
      action: 'tolak',
      argument: 'bukan kewenangan Pemkab, jalan nasional',
    });
    expect(ok('Kembalikan\nlampiran foto tidak terbaca')).toMatchObject({
      action: 'kembalikan',
      argument: '',
      body: 'lampiran foto tidak terbaca',
    });
    const missing = problem('TOLAK');
    expect(missing.problem).toBe('missing-text');
    expect(missing.message).toContain('TOLAK memerlukan alasan');
  });

  it('reads JAWAB with the answer text, and alone (the drafted answer is sent)', () => {
    expect(
      ok('JAWAB\nYth. Bapak Budi, perbaikan jalan dijadwalkan pada Desember 2026.\nDinas PUPR'),
    ).toMatchObject({
      action: 'jawab',
      body: 'Yth. Bapak Budi, perbaikan jalan dijadwalkan pada Desember 2026.\nDinas PUPR',
    });
    expect(ok('informasi Jadwal pelayanan KTP: Senin-Jumat 08.00-14.00')).toMatchObject({
      action: 'informasi',
      argument: 'Jadwal pelayanan KTP: Senin-Jumat 08.00-14.00',
    });
    expect(ok('JAWAB')).toEqual({ kind: 'action', action: 'jawab', argument: '', body: '' });
  });

  it('reads PERPANJANG with its days and reason', () => {
    expect(ok('PERPANJANG 14 HARI perlu tinjauan lapangan bersama Dinas PUPR')).toEqual({
      kind: 'action',
      action: 'perpanjang',
      argument: 'perlu tinjauan lapangan bersama Dinas PUPR',
      body: '',
      days: 14,
    });
    expect(ok('extend 7 days field review')).toMatchObject({
      action: 'perpanjang',
      days: 7,
      argument: 'field review',
    });
    expect(ok('Perpanjang\nmenunggu jawaban dua OPD')).toMatchObject({
      action: 'perpanjang',
      body: 'menunggu jawaban dua OPD',
    });
    expect(problem('PERPANJANG 14 HARI').problem).toBe('missing-text');
    expect(problem('PERPANJANG 0 HARI karena').problem).toBe('bad-argument');
  });

  it('reads DELEGASI with the acting official’s address, and refuses it without one', () => {
    expect(ok('DELEGASI <Plt.Kabid@BalanganKab.go.id> selama cuti 1-5 Des')).toEqual({
      kind: 'delegate',
      email: 'plt.kabid@balangankab.go.id',
      note: 'selama cuti 1-5 Des',
    });
    expect(problem('DELEGASI pak Rudi').problem).toBe('bad-argument');
  });

  it('reads STATUS with or without a tracking number', () => {
    expect(ok('STATUS ADU-2026-000123')).toEqual({ kind: 'status', trackingNumber: 'ADU-2026-000123' });
    expect(ok('status adu-2026-000123')).toEqual({ kind: 'status', trackingNumber: 'ADU-2026-000123' });
    expect(ok('Status?')).toEqual({ kind: 'status', trackingNumber: null });
  });

  it('refuses a line offering two commands, but not an argument that starts with a command word', () => {
    for (const reply of [
      'SETUJU / TOLAK',
      'setuju atau kembalikan',
      'Setuju, tolak',
      'SETUJU dan teruskan ke bidang',
    ]) {
      expect(problem(reply).problem, reply).toBe('ambiguous');
    }
    expect(ok('TERUSKAN informasi ini ke Kabid Aptika')).toMatchObject({
      action: 'teruskan',
      argument: 'informasi ini ke Kabid Aptika',
    });
    expect(ok('TOLAK karena tidak setuju dengan lokasi')).toMatchObject({ action: 'tolak' });
  });

  it('says what it read when the first line is no command, and when the reply is empty', () => {
    const unknown = problem('Baik pak, akan segera kami tindak lanjuti.\n\nSETUJU');
    expect(unknown.problem).toBe('unknown');
    expect(unknown.line).toBe('Baik pak, akan segera kami tindak lanjuti.');
    expect(unknown.message).toContain('tidak diawali perintah yang dikenal');
    expect(problem('  \n \n').problem).toBe('empty');
    expect(problem('OK').problem).toBe('unknown');
  });
});
