/** Renders a mail a person reads, from the office's editable templates (templates/mail/<lang>/<name>.hbs). */
export type RenderMail = (
  name: string,
  language: 'id' | 'en',
  data: Record<string, unknown>,
) => { subject: string; text: string };
