// Starts GOV.UK Frontend's components. The module's address comes from its own script tag, so
// that this file needs no template (and the Content-Security-Policy no inline script).
const frontend = document.getElementById("govuk-frontend");
if (frontend) {
  import(frontend.src).then((module) => module.initAll());
}

// The e-form's radios that reveal questions (data-motcua-reveal): the panel of the chosen radio
// is shown, the others hidden. GOV.UK Frontend's own radios module would also set
// aria-expanded on each radio, which ARIA does not allow on a radio (axe-core's
// aria-allowed-attr); aria-controls, in the markup, still ties each radio to its panel.
document.querySelectorAll("[data-motcua-reveal]").forEach((group) => {
  const radios = Array.from(group.querySelectorAll('input[type="radio"]'));
  const sync = () => {
    radios.forEach((radio) => {
      const panel = document.getElementById(radio.getAttribute("aria-controls") || "");
      if (panel) panel.classList.toggle("govuk-radios__conditional--hidden", !radio.checked);
    });
  };
  radios.forEach((radio) => radio.addEventListener("change", sync));
  sync();
});
