/** The Balangan office the tests run as: its name, address and zone, SOP and fax return address. */
export const BALANGAN_OFFICE = {
  office: {
    name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan',
    address: 'pengaduan@balangankab.go.id',
    timeZone: 'WITA',
  },
  sop: 'balangan',
  fax: { replyAddress: '{nomor}@faks.balangankab.go.id' },
} as const;
