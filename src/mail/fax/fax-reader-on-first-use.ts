import type { FaxReader } from '../../use-cases/ports/fax-reader.ts';
import type { FaxReaderOptions } from './read-fax.ts';

/**
 * The fax reader, loaded with the first fax: its decoders and pdf-lib are tens of MiB the service
 * need not carry in an office whose fax line is quiet.
 */
export function faxReaderOnFirstUse(options: FaxReaderOptions): FaxReader {
  let loading: Promise<FaxReader> | undefined;
  const reader = () => (loading ??= import('./read-fax.ts').then((m) => m.createFaxReader(options)));
  return {
    read: async (attachments) => (await reader()).read(attachments),
    close: async () => {
      if (loading) await (await loading).close();
    },
  };
}
