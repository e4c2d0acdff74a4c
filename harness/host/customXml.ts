/**
 * Custom XML parts as Excel treats them, where the add-in can be caught out:
 * - Excel keeps a part as an XML document, not as the text it was given, and hands back its own
 *   serialisation: this host re-serialises on every read (CustomXmlPart.getXml, a saved workbook)
 *   with attributes in another order, indentation between elements, CDATA sections as escaped text
 *   and its own XML declaration. Text content is kept, so a reader that parses the XML is unaffected;
 *   one that matches the text it wrote is not.
 * - Office on the web refuses a part over 1 MB (office-js #2408: "unable to add any custom XML part
 *   where the XML String is larger than precisely 1MB"; also #394, #6216). The host refuses one over
 *   MAX_CUSTOM_XML_BYTES on every platform profile, as the strictest Excel does.
 */

/** 1 MB read as 2^20 bytes of UTF-8: the larger reading, so the host never refuses what Excel accepts. */
export const MAX_CUSTOM_XML_BYTES = 1_048_576;

export class CustomXmlTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`the custom XML part is ${bytes} bytes; Office on the web refuses parts over ${MAX_CUSTOM_XML_BYTES} bytes (office-js #2408)`);
    this.name = 'CustomXmlTooLargeError';
  }
}

/** Throws CustomXmlTooLargeError for a part Office on the web would refuse. */
export function checkPartSize(xml: string): void {
  const bytes = new TextEncoder().encode(xml).length;
  if (bytes > MAX_CUSTOM_XML_BYTES) throw new CustomXmlTooLargeError(bytes);
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (text: string) => escapeText(text).replace(/"/g, '&quot;');

/** The document re-serialised as described above (the input is known to be well-formed). */
export function reserialiseXml(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const out: string[] = ['<?xml version="1.0" standalone="no"?>'];
  const write = (node: Node, depth: number): void => {
    const indent = '\n' + '  '.repeat(depth);
    if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      // Attributes reversed, namespace declarations last: an order no writer of ours uses.
      const attrs = Array.from(el.attributes);
      const declarations = attrs.filter((a) => a.name === 'xmlns' || a.name.startsWith('xmlns:'));
      const others = attrs.filter((a) => !declarations.includes(a)).reverse();
      const attributes = [...others, ...declarations].map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join('');
      const children = Array.from(el.childNodes).filter((c) => !(c.nodeType === Node.TEXT_NODE && /^\s*$/.test(c.nodeValue ?? '')) && c.nodeType !== Node.COMMENT_NODE);
      if (children.length === 0) {
        out.push(`${depth ? indent : '\n'}<${el.tagName}${attributes}/>`);
        return;
      }
      const textOnly = children.every((c) => c.nodeType === Node.TEXT_NODE || c.nodeType === Node.CDATA_SECTION_NODE);
      out.push(`${depth ? indent : '\n'}<${el.tagName}${attributes}>`);
      if (textOnly) {
        out.push(escapeText(children.map((c) => c.nodeValue ?? '').join('')));
        out.push(`</${el.tagName}>`);
        return;
      }
      for (const child of children) write(child, depth + 1);
      out.push(`${indent}</${el.tagName}>`);
    } else if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
      out.push(indent + escapeText(node.nodeValue ?? ''));
    } else if (node.nodeType === Node.PROCESSING_INSTRUCTION_NODE) {
      const pi = node as ProcessingInstruction;
      out.push(`${indent}<?${pi.target} ${pi.data}?>`);
    }
  };
  if (doc.documentElement) write(doc.documentElement, 0);
  return out.join('') + '\n';
}
