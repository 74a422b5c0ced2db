// Starts GOV.UK Frontend's components. The module's address comes from its own script tag, so
// that this file needs no template (and the Content-Security-Policy no inline script).
const frontend = document.getElementById("govuk-frontend");
if (frontend) {
  import(frontend.src).then((module) => module.initAll());
}
