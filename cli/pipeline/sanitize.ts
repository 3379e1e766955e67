/**
 * Notebook HTML made safe for the site: a notebook's markdown and its `text/html` outputs pass through
 * sanitize-html with an allow-list, so a `<script>`, an event handler or a `javascript:` link written in
 * a notebook never runs in a reader's browser. What the runbook itself shows stays: plots (an `<img>` of a
 * `data:image/svg+xml` URI), tables, `<details>`, findings, headings, code and links.
 */
import sanitizeHtml from 'sanitize-html';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

// A style value of words, numbers and colours, with no url(), expression() or escapes: nothing in it loads or runs.
const STYLE_VALUE = /^(?!.*(?:url|expression|image-set)\s*\()[\w\s.,%#()-]*$/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...HEADINGS,
    'p',
    'br',
    'hr',
    'div',
    'span',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'var',
    'a',
    'img',
    'figure',
    'figcaption',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'details',
    'summary',
    'b',
    'i',
    'em',
    'strong',
    'del',
    's',
    'ins',
    'mark',
    'small',
    'sub',
    'sup',
    'abbr',
    'table',
    'caption',
    'colgroup',
    'col',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    '*': ['class', 'title', 'lang', 'dir', 'aria-label', 'style'],
    ...Object.fromEntries(HEADINGS.map((tag) => [tag, ['id']])),
    a: ['href', 'name', 'id', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    // plot.ts marks a log y axis so a reader (and the site's test) can tell a zero bar from a lost one.
    figure: ['data-y-scale'],
    details: ['open'],
    ol: ['start', 'type'],
    th: ['colspan', 'rowspan', 'scope', 'align'],
    td: ['colspan', 'rowspan', 'align'],
    col: ['span'],
    colgroup: ['span'],
  },
  allowedStyles: {
    '*': Object.fromEntries(
      [
        'text-align',
        'vertical-align',
        'white-space',
        'font-weight',
        'font-style',
        'color',
        'background-color',
        'width',
        'min-width',
        'max-width',
      ].map((property) => [property, [STYLE_VALUE]]),
    ),
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Images come inline or from beside the page: a site that works offline loads nothing from elsewhere.
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Discarded along with their content, not just their tags (an inline <svg>'s text would read as prose).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'svg', 'math'],
  transformTags: {
    // Only image data in an image: a data: URI of another type is dropped with its src.
    img: (tagName, attribs) => {
      const { src, ...rest } = attribs;
      const keep =
        src !== undefined && (!/^\s*data:/i.test(src) || /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(src));
      return { tagName, attribs: keep ? { ...rest, src } : rest };
    },
  },
};

/**
 * Keep only the allow-listed markup of notebook HTML.
 * @param html markdown rendered to HTML, or a `text/html` output.
 * @returns the same markup without scripts, event handlers, `javascript:` or remote-image URLs, frames or forms.
 * @example sanitizeNotebookHtml('<p onclick="x()">hi<script>x()</script></p>') // '<p>hi</p>'
 */
export function sanitizeNotebookHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
