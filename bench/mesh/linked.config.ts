// Variant 2: the generated schema plus the links a user adds to get the whole
// klantbeeld in one GraphQL round trip (additionalTypeDefs + @resolveTo).
// Without batching configuration: Open Klant has no multi-uuid filters, so
// there is nothing to batch the single GETs into.
import { defineConfig } from '@graphql-mesh/compose-cli'
import { subgraphs } from './subgraphs.ts'

export const composeConfig = defineConfig({
  subgraphs,
  additionalTypeDefs: /* GraphQL */ `
    extend type Betrokkene {
      klantcontact: ExpandKlantcontact
        @resolveTo(
          sourceName: "Klantinteracties"
          sourceTypeName: "Query"
          sourceFieldName: "klantcontactenRetrieve"
          requiredSelectionSet: "{ hadKlantcontact { uuid } }"
          sourceArgs: { uuid: "{root.hadKlantcontact.uuid}" }
        )
    }
    extend type ExpandKlantcontact {
      interneTaken: [InterneTaak]
        @resolveTo(
          sourceName: "Klantinteracties"
          sourceTypeName: "Query"
          sourceFieldName: "internetakenList"
          requiredSelectionSet: "{ uuid }"
          sourceArgs: { aanleidinggevendKlantcontact__uuid: "{root.uuid}" }
          result: "results"
        )
    }
    extend type ActorForeignKey {
      actor: Actor
        @resolveTo(
          sourceName: "Klantinteracties"
          sourceTypeName: "Query"
          sourceFieldName: "actorenRetrieve"
          requiredSelectionSet: "{ uuid }"
          sourceArgs: { uuid: "{root.uuid}" }
        )
    }
  `,
})
