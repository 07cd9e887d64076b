/**
 * Prints, as JSON, the npm packages that importing the given modules loads (run as its own process:
 * `node test/support/loaded-packages.ts <module>…`, paths relative to this file's folder).
 */
import { registerHooks } from 'node:module';

const packages = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(resolved.url)?.[1];
    if (name) packages.add(name);
    return resolved;
  },
});
for (const module of process.argv.slice(2)) await import(module);
console.log(JSON.stringify([...packages].sort()));
