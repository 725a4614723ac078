// Paint Timing: first-paint and first-contentful-paint.
(() => performance.getEntriesByType('paint').map((e) => ({ name: e.name, startTime: e.startTime })))();
