// Starts Swagger UI on /docs (a static file: the Content-Security-Policy forbids inline script).
window.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.dataset.openapiUrl, dom_id: "#swagger-ui", deepLinking: true });
});
