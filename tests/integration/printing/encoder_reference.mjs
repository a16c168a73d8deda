// The reference bytes from @point-of-sale/receipt-printer-encoder for a QR
// code and a cut: node encoder_reference.mjs NODE_MODULES DATA SIZE LEVEL CUT
import { pathToFileURL } from 'node:url';
const [modules, data, size, level, cut] = process.argv.slice(2);
const url = pathToFileURL(`${modules}/@point-of-sale/receipt-printer-encoder/dist/receipt-printer-encoder.mjs`);
const { default: ReceiptPrinterEncoder } = await import(url.href);
const payloads = (lines) => lines.flatMap((l) => l.commands).map((c) => c.payload).filter((p) => p);
const qr = new ReceiptPrinterEncoder({ language: 'esc-pos' })
    .qrcode(data, { model: 2, size: Number(size), errorlevel: level }).commands();
const qrBytes = payloads(qr).filter((p) => p[0] === 0x1d && p[1] === 0x28 && p[2] === 0x6b).flat();
const cutBytes = new ReceiptPrinterEncoder({ language: 'esc-pos' }).cut(cut).commands();
const cutPayload = payloads(cutBytes).filter((p) => p[0] === 0x1d && p[1] === 0x56).flat();
console.log(JSON.stringify({ qr: Buffer.from(qrBytes).toString('hex'), cut: Buffer.from(cutPayload).toString('hex') }));
