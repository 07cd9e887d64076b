// Types for scripts/prisma-schemas.mjs (plain JS so npm's postinstall needs no TypeScript).
export declare const ROOT: string;
export declare const DIALECTS: readonly ['sqlite', 'postgresql'];
export declare const BASE_SCHEMA: string;
export declare function schemaPath(dialect: 'sqlite' | 'postgresql'): string;
export declare function renderSchema(dialect: 'sqlite' | 'postgresql', base: string): string;
export declare function writeSchemas(): Promise<string[]>;
