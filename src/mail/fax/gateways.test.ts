import { describe, expect, it } from 'vitest';
import { DEFAULT_FAX_GATEWAYS } from '../../config/config-schema.ts';
import { normaliseFaxNumber, recogniseFaxGateway } from './gateways.ts';

const mail = (subject: string, from: string | null = 'faxgateway@faks.contoh.go.id', text = '') => ({
  from,
  subject,
  text,
});

describe('recogniseFaxGateway with the shipped patterns (DEFAULT_FAX_GATEWAYS)', () => {
  it.each([
    ['Fax from +62 511 4123456 (2 pages)', 'HylaFAX', '+625114123456'],
    ['Fax from (0511) 4123456', 'HylaFAX', '05114123456'],
    ['Facsimile received from 0511-4123456', 'HylaFAX', '05114123456'],
    ['FAX FROM 0511 4123456', 'HylaFAX', '05114123456'],
    ['Faks diterima dari 0511-4127788', 'Faks (ID)', '05114127788'],
    ['Faksimili dari +62 511 4127788', 'Faks (ID)', '+625114127788'],
    ['eFax message from "0511 4123456" - 2 page(s), Caller-ID: 0511-4123456', 'eFax', '05114123456'],
    ['eFax message from +62-511-4123456 - 1 page(s)', 'eFax', '+625114123456'], // not "+6251141234561"
    ['Fax from 0511 4123456 - 12 pages', 'HylaFAX', '05114123456'],
    ['Faks dari 0511 4127788 3 halaman', 'Faks (ID)', '05114127788'],
    ['Fax from 0511 - 4123456', 'HylaFAX', '05114123456'],
    ['New fax from 05114123456', 'T.38 / Asterisk', '05114123456'],
  ])('%s → %s %s', (subject, gateway, faxNumber) => {
    expect(recogniseFaxGateway(mail(subject), DEFAULT_FAX_GATEWAYS)).toEqual({ gateway, faxNumber });
  });

  it.each([
    'Pengaduan jalan rusak di Desa Sukamaju',
    'Re: [ADU-2026-000001] Tanda terima pengaduan',
    'Fwd: Fax from +62 511 4123456 (2 pages)', // a citizen forwarding a fax notice is not the gateway
    'Fax from the village office',
    '',
  ])('%j is not a gateway mail', (subject) => {
    expect(recogniseFaxGateway(mail(subject), DEFAULT_FAX_GATEWAYS)).toBeNull();
  });

  it('does not recognise eFax notices without a caller number (the shipped pattern needs digits)', () => {
    expect(
      recogniseFaxGateway(mail('eFax message from "unknown" - 1 page(s)'), DEFAULT_FAX_GATEWAYS),
    ).toBeNull();
  });
});

describe('recogniseFaxGateway with configured patterns', () => {
  const gateways = [
    {
      name: 'FaksDigital',
      from: String.raw`@inbound\.faksdigital\.example$`,
      subject: String.raw`^Faks diterima(?: dari ([+(]?\d[\d )-]{4,}\d))?`,
    },
    { name: 'Any HylaFAX', subject: String.raw`^Fax from ([+(]?\d[\d )-]{4,}\d)` },
  ];

  it('needs the From pattern to match when one is given', () => {
    expect(
      recogniseFaxGateway(
        mail('Faks diterima dari 0511-4127788', 'pesan@inbound.faksdigital.example'),
        gateways,
      ),
    ).toEqual({
      gateway: 'FaksDigital',
      faxNumber: '05114127788',
    });
    expect(
      recogniseFaxGateway(mail('Faks diterima dari 0511-4127788', 'someone@example.com'), gateways),
    ).toBeNull();
    expect(recogniseFaxGateway(mail('Faks diterima dari 0511-4127788', null), gateways)).toBeNull();
  });

  it('takes the first gateway that matches, in order', () => {
    const both = [{ name: 'first', subject: '^Fax' }, ...gateways];
    expect(recogniseFaxGateway(mail('Fax from 0511 4123456'), both)).toEqual({
      gateway: 'first',
      faxNumber: null,
    });
  });

  it('falls back to a caller-ID line in the body when the subject carries no number', () => {
    const text = 'Anda menerima faks baru.\n\nDari          : 0511-4127788\nID Pemanggil  : +625114127788\n';
    expect(
      recogniseFaxGateway(mail('Faks diterima', 'pesan@inbound.faksdigital.example', text), gateways),
    ).toEqual({
      gateway: 'FaksDigital',
      faxNumber: '05114127788',
    });
    expect(
      recogniseFaxGateway(
        mail('Faks diterima', 'pesan@inbound.faksdigital.example', 'Tanpa nomor.'),
        gateways,
      ),
    ).toEqual({
      gateway: 'FaksDigital',
      faxNumber: null,
    });
  });

  it('names the gateway whose pattern is not a regular expression', () => {
    expect(() => recogniseFaxGateway(mail('Fax'), [{ name: 'Rusak', subject: '^Fax (' }])).toThrow(
      /fax gateway "Rusak": subject/,
    );
  });
});

describe('normaliseFaxNumber', () => {
  it('keeps digits and a leading plus', () => {
    expect(normaliseFaxNumber(' +62 (511) 412-3456 ')).toBe('+625114123456');
    expect(normaliseFaxNumber('(0511) 4123456')).toBe('05114123456');
    expect(normaliseFaxNumber('12 3')).toBeNull();
  });
});
