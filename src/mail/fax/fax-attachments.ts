/**
 * Which attachments of a fax-channel mail are fax pages. The Content-Type decides, helped by the
 * file name for the generic types gateways like to use, and checked against the file's first bytes
 * (a gateway that labels a PDF as image/tiff still delivers a readable fax).
 */
import type { InboundAttachment } from '../parse/inbound-message.ts';
import { jpegHeader, pngHeader, sniffKind } from './page-image.ts';
import type { FaxKind } from './page-image.ts';

export interface FaxPart {
  attachment: InboundAttachment;
  kind: FaxKind;
}

const BY_TYPE: Record<string, FaxKind> = {
  'image/tiff': 'tiff',
  'image/tif': 'tiff',
  'image/x-tiff': 'tiff',
  'application/tiff': 'tiff',
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
};
const BY_EXTENSION: Record<string, FaxKind> = {
  tif: 'tiff',
  tiff: 'tiff',
  pdf: 'pdf',
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
};
const GENERIC_TYPES = new Set([
  'application/octet-stream',
  'binary/octet-stream',
  'application/x-download',
  'application/download',
  '',
]);
/** Pictures smaller than this are logos and signatures in the gateway's HTML, not pages. */
const MIN_PICTURE = { side: 100, area: 200 * 200 };

export type Classified = { part: FaxPart } | { skipped: string };

export function classifyAttachment(attachment: InboundAttachment): Classified {
  const type = attachment.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const extension = /\.([a-z]+)$/i.exec(attachment.filename)?.[1]?.toLowerCase() ?? '';
  const declared = BY_TYPE[type] ?? (GENERIC_TYPES.has(type) ? BY_EXTENSION[extension] : undefined);
  if (declared === undefined) return { skipped: 'not a fax page type' };
  const kind = sniffKind(attachment.content) ?? declared;
  if (kind === 'png' || kind === 'jpeg') {
    // On a fax channel a photo or scan is a page; an inline picture is the gateway's own artwork.
    if (attachment.inline) return { skipped: 'inline picture' };
    const header = kind === 'png' ? pngHeader(attachment.content) : jpegHeader(attachment.content);
    if (
      header &&
      (Math.min(header.width, header.height) < MIN_PICTURE.side ||
        header.width * header.height < MIN_PICTURE.area)
    ) {
      return { skipped: 'picture too small to be a page' };
    }
  }
  return { part: { attachment, kind } };
}
