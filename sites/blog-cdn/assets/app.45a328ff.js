// Field Notes on the Wire — progressive enhancements, loaded with <script defer>.
// Everything here is optional: the page is complete without it.
(function () {
  'use strict';

  /** Builds the "On this page" list from the article's h2 headings. */
  function buildTableOfContents() {
    var toc = document.querySelector('[data-toc]');
    var article = document.querySelector('.prose');
    if (!toc || !article) return;
    var headings = article.querySelectorAll('h2[id]');
    if (headings.length < 3) return;

    var list = document.createElement('ol');
    var links = [];
    headings.forEach(function (heading) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = '#' + heading.id;
      link.textContent = heading.textContent.replace(/#$/, '').trim();
      item.appendChild(link);
      list.appendChild(item);
      links.push({ link: link, heading: heading });
    });
    toc.appendChild(list);
    toc.hidden = false;

    // Mark the section being read, so the list doubles as a position indicator.
    if ('IntersectionObserver' in window) {
      var observer = new IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            if (!entry.isIntersecting) return;
            links.forEach(function (pair) {
              pair.link.setAttribute('aria-current', String(pair.heading === entry.target));
            });
          });
        },
        { rootMargin: '0px 0px -70% 0px' }
      );
      links.forEach(function (pair) {
        observer.observe(pair.heading);
      });
    }
  }

  /** Adds a "Copy" button to every highlighted code block. */
  function addCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll('.code-block').forEach(function (block) {
      var code = block.querySelector('code');
      if (!code) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-button';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', 'Copy code to clipboard');
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(code.textContent).then(
          function () {
            button.textContent = 'Copied';
            button.dataset.state = 'copied';
            setTimeout(function () {
              button.textContent = 'Copy';
              delete button.dataset.state;
            }, 1600);
          },
          function () {
            button.textContent = 'Press Ctrl+C';
          }
        );
      });
      block.appendChild(button);
    });
  }

  /** A thin bar at the top of post pages that follows the scroll position. */
  function trackReadingProgress() {
    var article = document.querySelector('article.post');
    if (!article) return;
    var bar = document.createElement('div');
    bar.className = 'reading-progress';
    bar.setAttribute('aria-hidden', 'true');
    document.body.appendChild(bar);
    var scheduled = false;
    function update() {
      scheduled = false;
      var rect = article.getBoundingClientRect();
      var total = rect.height - window.innerHeight;
      var progress = total > 0 ? Math.min(1, Math.max(0, -rect.top / total)) : 1;
      bar.style.setProperty('--progress', progress.toFixed(4));
    }
    window.addEventListener(
      'scroll',
      function () {
        if (!scheduled) {
          scheduled = true;
          requestAnimationFrame(update);
        }
      },
      { passive: true }
    );
    update();
  }

  /** Shows dates in the reader's locale, e.g. "12 March 2024", keeping the machine date in datetime. */
  function localiseDates() {
    var format;
    try {
      format = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
    } catch (e) {
      return;
    }
    document.querySelectorAll('time[datetime]').forEach(function (time) {
      var date = new Date(time.getAttribute('datetime') + 'T12:00:00Z');
      if (!isNaN(date.getTime())) time.textContent = format.format(date);
    });
  }

  buildTableOfContents();
  addCopyButtons();
  trackReadingProgress();
  localiseDates();
})();
