// What every Word document we produce shares: the OFFICIAL-SENSITIVE marking in its header and footer,
// document properties that carry a reference but never a child's or a person's name, and the table
// and text pieces both documents are built from.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  Packer,
  Paragraph,
  Table,
  TextRun,
} from 'docx';

const MARKING = 'OFFICIAL-SENSITIVE';

const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
export const borders = { top: border, bottom: border, left: border, right: border };

/** Text with its line breaks kept. */
export function lines(text: string, bold = false): TextRun[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => new TextRun({ text: line, bold, ...(i > 0 ? { break: 1 } : {}) }));
}

/** The document's properties: what a file browser or search index sees without opening it. */
export interface DocumentProperties {
  title: string;
  description?: string;
}

/** A .docx with the marking at the top and bottom of every page. */
export async function renderMarkedDocx(
  properties: DocumentProperties,
  children: (Paragraph | Table)[],
): Promise<Buffer> {
  const marking = () =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: MARKING, bold: true })],
    });
  const doc = new Document({
    creator: 'CP Disputes',
    ...properties,
    sections: [
      {
        headers: { default: new Header({ children: [marking()] }) },
        footers: { default: new Footer({ children: [marking()] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
