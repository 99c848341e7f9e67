// Mirrors app/src/ids.rs: the data-testid names of the hosted pages' controls.
// A unit test in the app crate fails when a name there is missing here.
export const ids = {
  appRoot: "app-root",
  navHome: "nav-home",
  navDocs: "nav-docs",
  homeTitle: "home-title",
  homeLead: "home-lead",
  tryPasswordInput: "try-password-input",
  passwordChecklist: "password-checklist",
  docsTitle: "docs-title",
  notFoundTitle: "not-found-title",
} as const;

export const hydratedAttr = "data-hydrated";
