/**
 * Renders dist/help.html, the page every function's @helpurl points at, from the functions.json the
 * metadata plugin generated: it is always in step with what Excel shows in its formula tooltips.
 */
const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function signature(fn) {
  const params = fn.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name));
  return `${fn.name}(${params.join(', ')})`;
}

function renderHelpPage(metadata) {
  const sections = metadata.functions.map((fn) => {
    const rows = fn.parameters
      .map(
        (p) =>
          `<tr><td><code>${escape(p.name)}</code>${p.optional ? ' <em>optional</em>' : ''}${p.dimensionality === 'matrix' ? ' <em>range</em>' : ''}</td><td>${escape(p.description ?? '')}</td></tr>`,
      )
      .join('\n');
    return `<section id="${escape(fn.id)}">
<h2><code>=${escape(signature(fn))}</code></h2>
<p>${escape(fn.description)}</p>
${rows ? `<table><thead><tr><th>argument</th><th>meaning</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : ''}
<p class="returns">Returns: ${fn.result.dimensionality === 'matrix' ? 'a spill (a range of values)' : 'one value'}.</p>
</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Liquidity Lens functions</title>
<style>body{font-family:"Segoe UI",system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#242424;line-height:1.45}
code{font-family:Consolas,monospace}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e0e0e0;padding:.3rem .5rem;text-align:left;vertical-align:top}.returns{color:#616161}</style>
</head><body>
<h1>Liquidity Lens functions</h1>
<p>Dates are Excel dates or ISO text such as "2025-12-31"; omitted arguments take their defaults. Errors carry a message: #VALUE! for text or dates that cannot be read, #N/A for unknown names and dates outside the data (the message gives the covered range), #NUM! for numbers out of range.</p>
${sections.join('\n')}
</body></html>
`;
}

module.exports = { renderHelpPage };
