import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed documents for the example operations in schema/examples/ (and the
 * client tests' own in test/clients/), generated from the checked-in client
 * schema (schema/client.graphql). The tests run these documents, so the README's
 * examples cannot drift from the schema.
 */
const config: CodegenConfig = {
  schema: "schema/client.graphql",
  documents: ["schema/examples/*.graphql", "test/clients/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "test/__generated__/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true },
    },
  },
};

export default config;
