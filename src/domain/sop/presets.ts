/**
 * The SOPs shipped with the service, as YAML under templates/sop/. Only names here: reading the
 * files is the caller's job (src/domain stays free of I/O).
 */

/** Folder of the preset files, relative to the package root. */
export const SOP_PRESET_DIR = 'templates/sop';

export const SOP_PRESETS = [
  { name: 'balangan', file: 'balangan.yaml', region: 'Kabupaten Balangan (SP4N LAPOR!)' },
  { name: 'karanganyar', file: 'karanganyar.yaml', region: 'Kabupaten Karanganyar' },
  { name: 'kaltim', file: 'kaltim.yaml', region: 'Provinsi Kalimantan Timur' },
] as const;

export type SopPresetName = (typeof SOP_PRESETS)[number]['name'];

export const SOP_PRESET_NAMES: readonly SopPresetName[] = SOP_PRESETS.map((preset) => preset.name);

export function isSopPresetName(value: string): value is SopPresetName {
  return SOP_PRESETS.some((preset) => preset.name === value);
}

/** e.g. 'templates/sop/balangan.yaml'. */
export function sopPresetPath(name: SopPresetName): string {
  const preset = SOP_PRESETS.find((candidate) => candidate.name === name);
  if (preset === undefined) throw new Error(`unknown SOP preset "${name}"`);
  return `${SOP_PRESET_DIR}/${preset.file}`;
}
