/** The query Apollo Sandbox opens with: a walk through the graph a first-time visitor can run as is. */
export const SANDBOX_DOCUMENT = `# Who visited Venezuela, when, and what sanctions apply to it?
query VenezuelaAtAGlance {
  country(code: "VE") {
    name
    visitsHosted(first: 10) {
      totalCount
      nodes {
        visitor { name role country { name } }
        delegation
        date { iso precision asWritten }
        status
      }
    }
    sanctionsReceived(first: 5) {
      nodes {
        imposer { name }
        licenses { licensee { name } term { asWritten } scope }
        citedIn(first: 10) { nodes { sentence quote } }
      }
    }
  }
}
`;
