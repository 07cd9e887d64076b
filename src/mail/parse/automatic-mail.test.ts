import { describe, expect, it } from 'vitest';
import { automaticMailReason, isRobotAddress } from './automatic-mail.ts';
import type { InboundMessage } from './inbound-message.ts';

const mail = (overrides: Partial<Pick<InboundMessage, 'from' | 'subject' | 'headers'>>) => ({
  from: { address: 'warga@example.id', name: 'Warga' },
  subject: 'Jalan rusak di Desa Sukamaju',
  headers: {},
  ...overrides,
});

describe('automaticMailReason', () => {
  it.each([
    [{ 'auto-submitted': 'auto-replied' }, /Auto-Submitted: auto-replied/],
    [{ 'auto-submitted': 'auto-generated' }, /Auto-Submitted/],
    [{ 'x-autoreply': 'yes' }, /X-Autoreply/],
    [{ 'x-autorespond': 'Vacation' }, /X-Autorespond/],
    [{ 'x-auto-response-suppress': 'OOF, AutoReply' }, /X-Auto-Response-Suppress/],
    [{ precedence: 'bulk' }, /Precedence: bulk/],
    [{ precedence: 'junk' }, /Precedence: junk/],
    [{ precedence: 'list' }, /Precedence: list/],
    [{ precedence: 'auto_reply' }, /Precedence: auto_reply/],
    [{ 'list-id': '<warga.lists.example>' }, /List-Id/],
    [{ 'list-unsubscribe': '<mailto:leave@lists.example>' }, /List-Unsubscribe/],
    [{ 'return-path': '<>' }, /null Return-Path/],
  ])('headers %j → ignored', (headers, reason) => {
    expect(automaticMailReason(mail({ headers }))).toMatch(reason);
  });

  it.each([
    [{ 'auto-submitted': 'no' }],
    [{ 'x-auto-response-suppress': 'DR, RN' }],
    [{ precedence: 'first-class' }],
    [{ 'return-path': '<warga@example.id>' }],
  ])('headers %j → a person', (headers) => {
    expect(automaticMailReason(mail({ headers }))).toBeNull();
  });

  it.each([
    'Balasan Otomatis: [ADU-2026-000001] Tanda terima pengaduan',
    'Di Luar Kantor',
    'Sedang Cuti sampai 30 November',
    'Sedang cuti - Re: laporan',
    'Automatic reply: [ADU-2026-000001] Complaint received',
    'Auto: Tanda terima pengaduan',
    'AutoReply: laporan',
    'Out of Office: Tanda terima pengaduan',
    'Out of the office until 4 December',
    'Abwesenheitsnotiz: Tanda terima',
    'Réponse automatique : Tanda terima',
  ])('subject %j → out of office', (subject) => {
    expect(automaticMailReason(mail({ subject }))).toMatch(/^out-of-office reply/);
  });

  it.each([
    'Sedang cuti semua, puskesmas tutup saat jam kerja',
    'Pegawai di luar kantor saat jam pelayanan',
    'Automatic lampu jalan tidak menyala',
    'Re: [ADU-2026-000001] Tanda terima pengaduan',
  ])('subject %j is a citizen writing', (subject) => {
    expect(automaticMailReason(mail({ subject }))).toBeNull();
  });

  it('knows robot addresses', () => {
    for (const address of [
      'MAILER-DAEMON@mx.example',
      'postmaster@x.id',
      'noreply@bank.example',
      'no-reply@x.id',
      'do-not-reply@x.id',
      'bounces+123@esp.example',
    ])
      expect(isRobotAddress(address)).toBe(true);
    for (const address of ['warga@example.id', 'noreplyanto@example.id', 'mailer@example.id'])
      expect(isRobotAddress(address)).toBe(false);
    expect(automaticMailReason(mail({ from: { address: 'noreply@bank.example', name: '' } }))).toMatch(
      /robot/,
    );
  });
});
