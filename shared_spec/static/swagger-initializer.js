// Swagger UI for the shared OpenAPI document, at /api/docs/ in both apps.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    // No request leaves the app: no badge from the online validator.
    validatorUrl: null,
  });
});
