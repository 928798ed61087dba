// A local ESLint rule: the layer fence of src/. Each import (static, dynamic, re-export, or a
// type's `import('…')`) is resolved against the importing file's folder, so `../../x` and nested
// folders are judged by where they land, not by how the path is spelled.
//
// Options: { root: 'src', layers: [{ from, allow, lazy? }] }. `from`, `allow` and `lazy` are paths
// under root: a folder (`core`: everything under src/core) or a file glob (`providers/*/config.ts`;
// `*` is one path segment or part of one, `**` any number). `lazy` may be reached only by an
// `import()` expression, which loads it when the code runs, never with the importing module. The
// first entry whose `from` matches the file decides; a file under root that matches none is
// reported (a new folder joins the fence).
import path from 'node:path';

function matcher(pattern) {
  if (!pattern.includes('*') && !pattern.endsWith('.ts')) return (rel) => rel === pattern || rel.startsWith(`${pattern}/`);
  const source = pattern
    .split('/')
    .map((part) => (part === '**' ? '.*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
    .join('/');
  const re = new RegExp(`^${source.replace(/\/\.\*\//g, '(?:/.*/|/)')}$`);
  return (rel) => re.test(rel);
}

const toPosix = (p) => p.split(path.sep).join('/');

export default {
  meta: {
    type: 'problem',
    docs: { description: 'imports in src/ follow the layer order (an allow-list per layer)' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: {
            type: 'array',
            items: { type: 'object', properties: { from: { type: ['string', 'array'] }, allow: { type: 'array', items: { type: 'string' } }, lazy: { type: 'array', items: { type: 'string' } } }, required: ['from', 'allow'] },
          },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      denied: '{{from}} may not import {{target}} (the layer fence in eslint.config.js: {{from}} may import {{allowed}})',
      eager: '{{from}} may import {{target}} only lazily, with import() (the layer fence in eslint.config.js)',
      outside: '{{from}} may not import {{target}}: it is outside {{root}}/',
      unfenced: '{{file}} is in no layer of the fence: add its folder to the layers in eslint.config.js',
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const rootDir = path.resolve(context.cwd, root);
    const file = context.physicalFilename ?? context.filename;
    const rel = toPosix(path.relative(rootDir, file));
    if (rel.startsWith('../') || path.isAbsolute(rel)) return {};
    const entry = layers.find((layer) => [layer.from].flat().some((from) => matcher(from)(rel)));
    if (!entry) {
      return { Program: (node) => context.report({ node, messageId: 'unfenced', data: { file: `${root}/${rel}` } }) };
    }
    const allowed = entry.allow.map(matcher);
    const lazy = (entry.lazy ?? []).map(matcher);
    const from = `${root}/${rel}`;
    const check = (node, spec, dynamic = false) => {
      if (typeof spec !== 'string' || !(spec.startsWith('.') || path.isAbsolute(spec))) return;
      const target = toPosix(path.relative(rootDir, path.resolve(path.dirname(file), spec))).replace(/\.js$/, '.ts');
      if (target.startsWith('../') || target === '..' || path.isAbsolute(target)) {
        context.report({ node, messageId: 'outside', data: { from, target: spec, root } });
        return;
      }
      const matches = (m) => m(target) || m(target.replace(/\.ts$/, ''));
      if (allowed.some(matches)) return;
      if (lazy.some(matches)) {
        if (!dynamic) context.report({ node, messageId: 'eager', data: { from, target: `${root}/${target}` } });
        return;
      }
      context.report({ node, messageId: 'denied', data: { from, target: `${root}/${target}`, allowed: entry.allow.join(', ') || 'nothing in src/' } });
    };
    const literal = (node) => (node && node.type === 'Literal' ? node.value : node && node.type === 'TSLiteralType' ? node.literal?.value : undefined);
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => check(node.source, literal(node.source), true),
      TSImportType: (node) => check(node, literal(node.source ?? node.argument)),
      TSExternalModuleReference: (node) => check(node, literal(node.expression)),
    };
  },
};
