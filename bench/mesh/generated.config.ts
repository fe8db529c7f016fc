// Variant 1: the schema Mesh generates from the OpenAPI files, as it is.
// A client uses its `expand` arguments and makes the round trips itself.
import { defineConfig } from '@graphql-mesh/compose-cli'
import { subgraphs } from './subgraphs.ts'

export const composeConfig = defineConfig({ subgraphs })
