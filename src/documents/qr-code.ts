import QRCode from 'qrcode';

/** The dark modules of a QR code for `text` (error correction M), for drawing as vector squares. */
export function qrModules(text: string): { size: number; dark(row: number, column: number): boolean } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, column) => modules.get(row, column) === 1 };
}

/** The same code as a PNG (for DOCX, which places images, not vectors). */
export function qrPng(text: string, pixels = 300): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: 'M', width: pixels, margin: 1 });
}
