import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text.ts';

describe('htmlToText', () => {
  it('keeps the words and the paragraphs', () => {
    expect(
      htmlToText('<p>Yth. Bapak/Ibu,</p><p>Jalan <b>rusak</b> parah.<br>Mohon&nbsp;diperbaiki.</p>'),
    ).toBe('Yth. Bapak/Ibu,\n\nJalan rusak parah.\nMohon diperbaiki.');
  });

  it('lets nothing run or call out', () => {
    const text = htmlToText(
      [
        '<html><head><style>p{color:red}</style><script>alert("head")</script></head><body>',
        '<p onclick="alert(1)">Lampu mati</p>',
        '<img src="http://pelacak.example/pixel.gif" onerror="alert(2)">',
        '<img src=https://cdn.example/foto.jpg alt="foto lampu">',
        '<a href="javascript:alert(3)">klik di sini</a>',
        '<a href="http://phish.example/login">tautan</a>',
        '<SCRIPT type="text/javascript">document.location="http://x"</SCRIPT>',
        '<svg><script>alert(4)</script></svg><iframe src="http://x">bingkai</iframe>',
        '&lt;script&gt;alert(5)&lt;/script&gt; &lt;b&gt;tebal&lt;/b&gt;',
        '<!-- <script>alert(6)</script> -->',
        '<script>alert("unclosed")',
      ].join('\n'),
    );
    expect(text).toBe('Lampu mati\n[gambar: foto lampu] klik di sini tautan tebal');
    for (const bad of ['alert', 'script', 'http', 'javascript', 'onerror', 'color:red', '<', '>']) {
      expect(text).not.toContain(bad);
    }
  });

  it('decodes entities', () => {
    expect(htmlToText('Suhu &plusmn;35&deg;C &amp; antre &#177;3 jam &#x2014; &hellip;')).toBe(
      'Suhu ±35°C & antre ±3 jam — …',
    );
  });

  it('writes lists and tables as lines', () => {
    expect(
      htmlToText('<ul><li>Satu</li><li>Dua</li></ul><table><tr><td>Nama</td><td>Budi</td></tr></table>'),
    ).toBe('- Satu\n- Dua\n\nNama Budi');
  });
});
