export { ScannerDriver, type ScanEvent, type ScanDrop, type ScannerOptions, type ScannerInterface } from './driver.ts';
export { DEFAULT_FRAMING, splitAim, terminatorBytes, type ScannerFraming, type ScanTerminator } from './framing.ts';
export { LineAssembler } from './line-assembler.ts';
export { wedgeKeys, wedgeReports } from './hid-wedge.ts';
export { SerialScannerSimulator, simulatedWedgeScan } from './simulator.ts';
