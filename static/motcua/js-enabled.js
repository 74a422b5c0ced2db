// Marks the page as having JavaScript, before it is drawn, so that GOV.UK Frontend's components
// show their scripted form. Its own file: the Content-Security-Policy allows no inline script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
