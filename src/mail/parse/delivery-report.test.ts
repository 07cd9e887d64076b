import { describe, expect, it } from 'vitest';
import { readDeliveryReport, type ReportInput } from './delivery-report.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const input = (overrides: Partial<ReportInput>): ReportInput => ({
  contentType: 'text/plain',
  reportType: null,
  from: 'budi@example.id',
  returnPath: null,
  subject: 'Jalan rusak',
  text: 'Mohon diperbaiki.',
  inReplyTo: null,
  failedRecipients: null,
  parts: [],
  ...overrides,
});

describe('readDeliveryReport', () => {
  it("is null for a citizen's mail, even one that mentions a failure", () => {
    expect(readDeliveryReport(input({ subject: 'Pengiriman gagal terus di kantor pos' }))).toBeNull();
  });

  it('reads an old qmail bounce: plain text, the original headers inline', () => {
    const report = readDeliveryReport(
      input({
        from: 'MAILER-DAEMON@mail.isp.example',
        subject: 'failure notice',
        text: [
          'Hi. This is the qmail-send program at mail.isp.example.',
          "I'm afraid I wasn't able to deliver your message to the following addresses.",
          '',
          '<siti@isp.example>:',
          'Sorry, no mailbox here by that name. (#5.1.1)',
          '',
          '--- Below this line is a copy of the message.',
          '',
          'Message-ID: <0193aaaa-bbbb-7ccc-8ddd-eeeeffff0000@balangankab.go.id>',
          'Subject: [ADU-2026-000009] Tanda terima pengaduan',
        ].join('\n'),
      }),
    );
    expect(report).toEqual({
      format: 'plain',
      recipients: [{ address: 'siti@isp.example', action: 'failed', status: '5.1.1', diagnostic: null }],
      originalMessageId: '<0193aaaa-bbbb-7ccc-8ddd-eeeeffff0000@balangankab.go.id>',
    });
  });

  it('reads an Exim bounce by its X-Failed-Recipients header and the SMTP reply', () => {
    const report = readDeliveryReport(
      input({
        from: 'mailer-daemon@mx.hosting.example',
        subject: 'Mail delivery failed: returning message to sender',
        failedRecipients: 'andi@hosting.example',
        text: 'SMTP error from remote mail server after RCPT TO:<andi@hosting.example>:\n550 5.1.1 No such user here',
        inReplyTo: '<ack-1@balangankab.go.id>',
      }),
    );
    expect(report).toEqual({
      format: 'plain',
      recipients: [
        {
          address: 'andi@hosting.example',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 No such user here',
        },
      ],
      originalMessageId: '<ack-1@balangankab.go.id>',
    });
  });

  it("knows an Indonesian provider's notice from the null sender", () => {
    const report = readDeliveryReport(
      input({
        from: 'sistem@webmail.example',
        returnPath: '',
        subject: 'Pesan tidak dapat terkirim',
        text: '',
      }),
    );
    expect(report?.format).toBe('plain');
    expect(report?.recipients).toEqual([{ address: null, action: 'failed', status: null, diagnostic: null }]);
  });

  it('reads a delay warning as delayed, several recipients apart, from a DSN part', () => {
    const status = [
      'Reporting-MTA: dns; mx1.balangankab.go.id',
      '',
      'Final-Recipient: rfc822; a@lambat.example',
      'Action: delayed',
      'Status: 4.4.1',
      'Diagnostic-Code: X-Postfix; connect to mx.lambat.example[203.0.113.5]:25:',
      '    Connection timed out',
      '',
      'Final-Recipient: rfc822; B@Lambat.Example',
      'Original-Recipient: rfc822; b@lambat.example',
      'Action: failed',
      'Status: 5.0.0',
    ].join('\r\n');
    const report = readDeliveryReport(
      input({
        contentType: 'multipart/report',
        reportType: 'delivery-status',
        from: 'MAILER-DAEMON@mx1.balangankab.go.id',
        subject: 'Delayed Mail (still being retried)',
        parts: [
          { contentType: 'message/delivery-status', content: bytes(status) },
          {
            contentType: 'text/rfc822-headers',
            content: bytes('Subject: x\r\nMessage-Id:\r\n <m-1@balangankab.go.id>\r\n'),
          },
        ],
      }),
    );
    expect(report).toEqual({
      format: 'dsn',
      recipients: [
        {
          address: 'a@lambat.example',
          action: 'delayed',
          status: '4.4.1',
          diagnostic: 'X-Postfix; connect to mx.lambat.example[203.0.113.5]:25: Connection timed out',
        },
        { address: 'b@lambat.example', action: 'failed', status: '5.0.0', diagnostic: null },
      ],
      originalMessageId: '<m-1@balangankab.go.id>',
    });
  });
});
