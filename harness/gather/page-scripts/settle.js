// Waits until web fonts are settled, every image has been decoded and two frames have been
// presented, so the last LCP candidate (e.g. the hero image, whose decode can take several frames,
// or text re-rendered after a font swap) has been reported. Bounded by 5 s.
new Promise((resolve) => {
  const frames = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
  const fonts = document.fonts ? document.fonts.ready : Promise.resolve();
  const images = Array.from(document.images).map((img) => (img.decode ? img.decode().catch(() => {}) : Promise.resolve()));
  Promise.race([Promise.all([fonts, ...images]), new Promise((r) => setTimeout(r, 5000))]).then(frames);
});
