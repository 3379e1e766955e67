import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeHtml, finding, htmlTable } from '../lib';

test('escapeHtml escapes markup and quotes', () => {
  assert.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('htmlTable escapes every cell and header', () => {
  const html = htmlTable([{ '<k>': '<script>alert(1)</script>', n: 1.23456 }]);
  assert.not.match(html, '<script>');
  assert.match(html, '&lt;script&gt;');
  assert.match(html, '<th>&lt;k&gt;</th>');
  assert.match(html, '<td>1.23</td>');
});

test('finding says whether this run bears a sentence out, escaped either way', () => {
  assert.is(finding('2 < 3 here', true), '<p class="runbook-finding">✔ 2 &lt; 3 here</p>');
  assert.is(
    finding('a sentence wrapped\n  over two lines', true),
    '<p class="runbook-finding">✔ a sentence wrapped over two lines</p>',
  );
  assert.match(
    finding('faster', false, 'slower <here>'),
    /runbook-finding-not">✘ Not on this run: slower &lt;here&gt;/,
  );
});

test.run();
