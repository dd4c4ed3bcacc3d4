// Starts Swagger UI on /docs (api/routers/api_docs.py) from the schema at /openapi.json.
// validatorUrl null: no badge fetched from the public validator; no syntax highlighting:
// its inline styles would break the page's Content-Security-Policy.
document.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    syntaxHighlight: false,
  });
});
