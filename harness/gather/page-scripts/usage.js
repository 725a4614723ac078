// What the page actually uses: applied stylesheets, displayed images, loaded font faces, scripts.
// Used to tell whether a preloaded/pushed/hinted resource was needed.
(() => ({
  stylesheets: Array.from(document.styleSheets).map((s) => s.href).filter(Boolean),
  images: Array.from(document.images).map((i) => i.currentSrc).filter(Boolean),
  scripts: Array.from(document.scripts).map((s) => s.src).filter(Boolean),
  fonts: Array.from(document.fonts).map((f) => ({ family: f.family, weight: String(f.weight), style: f.style, status: f.status })),
  preloadLinks: Array.from(document.querySelectorAll('link[rel=preload]')).map((l) => l.href),
}))();
