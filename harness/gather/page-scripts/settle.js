// Waits until web fonts are settled and two frames have been presented, so the last LCP
// candidate (e.g. text re-rendered after a font swap, or the hero image) has been reported.
new Promise((resolve) => {
  const frames = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
  const fonts = document.fonts ? document.fonts.ready : Promise.resolve();
  Promise.race([fonts, new Promise((r) => setTimeout(r, 5000))]).then(frames);
});
