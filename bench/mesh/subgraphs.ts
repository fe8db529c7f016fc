// The registers as GraphQL Mesh sees them: the vendored OpenAPI files of
// Klantinteracties and Referentielijsten, pointed at the sandbox. The bench
// sets SANDBOX_URL when it composes; the Klantinteracties token is read from
// the environment by Hive Gateway at run time (KLANTINTERACTIES_TOKEN).
import { loadOpenAPISubgraph } from '@omnigraph/openapi'

const sandbox = process.env.SANDBOX_URL ?? 'http://127.0.0.1:8081'

export const subgraphs = [
  {
    sourceHandler: loadOpenAPISubgraph('Klantinteracties', {
      source: '../../specs/klantinteracties-openapi.yaml',
      endpoint: `${sandbox}/klantinteracties/api/v1`,
      operationHeaders: { Authorization: 'Token {env.KLANTINTERACTIES_TOKEN}' },
    }),
  },
  {
    sourceHandler: loadOpenAPISubgraph('Referentielijsten', {
      source: '../../specs/referentielijsten-openapi.yaml',
      // Its paths carry /api/v1 already.
      endpoint: sandbox,
    }),
  },
]
