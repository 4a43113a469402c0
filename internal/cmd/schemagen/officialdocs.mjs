// officialdocs.mjs builds every document the official TypeScript SDK
// (@tribeplatform/gql-client) builds for its own calls and writes them, as
// sorted JSON, to testdata/schema/official-documents.json. It is run by
// hand when the pinned package changes, never by go generate or the tests
// (see the package doc of schemagen):
//
//	node internal/cmd/schemagen/officialdocs.mjs PACKAGE_DIR > testdata/schema/official-documents.json
//
// PACKAGE_DIR is the unpacked npm package (the directory holding dist/).
// TribeClient.query and TribeClient.mutation (src/client/tribe.client.ts)
// send QueryFunctions[name](fields) or MutationFunctions[name](fields) of
// dist/types/fields.generated.js with the caller's variables; fields is a
// preset, 'basic' or 'all', or a custom selection. This script calls every
// function with both presets. The package's only import there, gql of
// graphql-tag, is replaced by a template tag that joins the text as
// graphql-tag does before parsing, so no dependency is needed.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2]
if (!dir) {
  console.error('usage: node officialdocs.mjs PACKAGE_DIR')
  process.exit(2)
}
const file = join(dir, 'dist', 'types', 'fields.generated.js')
const importLine = "import { gql } from 'graphql-tag';"
let src = readFileSync(file, 'utf8')
if (!src.includes(importLine)) {
  console.error(`${file}: no "${importLine}": the package changed, check this script`)
  process.exit(1)
}
src = src.replace(
  importLine,
  'const gql = (s, ...v) => s.reduce((a, x, i) => a + v[i - 1] + x);',
)
const mod = await import(
  'data:text/javascript;base64,' + Buffer.from(src).toString('base64')
)

// tidy trims every line and drops the empty ones: the text the SDK sends,
// without the indentation of its templates.
const tidy = (doc) =>
  doc
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n')

const docs = []
for (const [operation, fns] of [
  ['query', mod.QueryFunctions],
  ['mutation', mod.MutationFunctions],
]) {
  for (const name of Object.keys(fns).sort()) {
    for (const preset of ['basic', 'all']) {
      docs.push({ operation, name, preset, document: tidy(fns[name](preset)) })
    }
  }
}
process.stdout.write(JSON.stringify(docs, null, 1) + '\n')
