import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { checkReplyToken, readReplyToken, tokenInAddress } from '../../src/security/reply-token.ts';
import { parseReplyCommand } from '../../src/domain/commands/reply-command.ts';
import {
  composeMail,
  eventsOf,
  example,
  importSampleDirectory,
  ingest,
  outboxMails,
  recipientOf,
  testDatabases,
} from '../support/intake.ts';
import type { TestApp } from '../support/test-app.ts';

// A registered complaint's first task reaches the admin as a mail: what it is, the due time in
// WITA, the commands valid at this step, and a Reply-To carrying a token for this task and person.

/** Monday 23 November 2026, 08:00 WITA. */
const MONDAY = new Date('2026-11-23T08:00:00+08:00');

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});
const { appOn } = testDatabases({ beforeAll, afterAll });

async function withDirectory(dialect: 'sqlite' | 'postgresql'): Promise<TestApp> {
  t = await appOn(dialect);
  await importSampleDirectory(t);
  return t;
}

describe.each(['sqlite', 'postgresql'] as const)('task mails on %s', (dialect) => {
  it('sends the admin the complaint, the due time in WITA and the commands of step 1, with a reply token', async () => {
    const app = await withDirectory(dialect);
    const result = await ingest(app, example('email-gmail-jalan-rusak.eml'), MONDAY);
    expect(result.outcome).toBe('registered');
    await app.app.runDelivery();

    const task = (await outboxMails(app)).find((m) => m.headers.get('x-aduan-kind') === 'task');
    expect(task).toBeDefined();
    expect(recipientOf(task!)).toBe('admin.aduan@balangankab.go.id');
    expect(task!.subject).toBe(
      `[${result.tracking}] Tugas: Registrasi aduan — batas Senin, 23 November 2026 pukul 09.01 WITA`,
    );
    expect(task!.headers.get('auto-submitted')).toBe('auto-generated');
    const text = task!.text ?? '';
    expect(text).toContain('Yth. Rina Wulandari, A.Md (Admin Layanan Aduan)');
    expect(text).toContain('Langkah SOP  : 1. Registrasi aduan');
    expect(text).toMatch(/^ {2}TERUSKAN \[arahan pada baris berikutnya\] — /m);
    expect(text).toMatch(/^ {2}JALUR CEPAT /m);
    expect(text).toMatch(/^ {2}TOLAK <alasan> — /m);
    expect(text).not.toMatch(/^ {2}SETUJU/m); // not a step-1 command
    // The example in the mail is itself a valid command.
    const exampleReply = /Contoh balasan:\n([\s\S]*?)\n\n/.exec(text)![1]!;
    expect(parseReplyCommand(exampleReply)).toMatchObject({ ok: true, command: { action: 'teruskan' } });

    // The Reply-To carries a token bound to this task and this admin, recorded once.
    const replyTo = task!.replyTo!.value[0]!.address!;
    const token = tokenInAddress(replyTo, 'pengaduan@balangankab.go.id')!;
    const issued = await app.app.store.repos.replyTokens.find(readReplyToken(token)!.id);
    expect(issued).toMatchObject({ recipient: 'admin.aduan@balangankab.go.id', usedAt: null });
    expect(checkReplyToken(token, issued!, app.app.intakeDeps.replies.secret, app.clock.now)).toEqual({
      ok: true,
    });
    const [openTask] = await app.app.store.repos.tasks.listOpen({ limit: 5 });
    expect(issued!.taskId).toBe(openTask!.id);
    expect(task!.headers.get('x-aduan-task')).toBe(openTask!.id);

    const events = (await eventsOf(app, result.tracking!)).map((e) => e.type);
    expect(events).toEqual([
      'complaint.registered',
      'task.opened',
      'mail.queued',
      'task.mailed',
      'mail.sent',
      'mail.sent',
    ]);
  });

  it('shows Diskominfo the identity of a confidential complaint, which it must check, and says it is confidential', async () => {
    const app = await withDirectory(dialect);
    const raw = await composeMail({
      from: 'Budi Santoso <budi.santoso@gmail.com>',
      subject: '[RAHASIA] Pungli di kantor kelurahan',
      text: 'Nama: Budi Santoso\nNIK: 6308011203850002\nHP: 0812-5131-2277\n\nSaya dimintai uang Rp 200.000 untuk surat pindah.',
    });
    const result = await ingest(app, raw, MONDAY);
    expect(result.confidential).toBe(true);
    await app.app.runDelivery();
    const task = (await outboxMails(app)).find((m) => m.headers.get('x-aduan-kind') === 'task')!;
    expect(task.text).toContain('NIK          : 6308011203850002');
  });
});
