// Resource Timing entries of the page (initiatorType "early-hints" marks 103-started preloads).
(() =>
  performance.getEntriesByType('resource').map((e) => ({
    name: e.name,
    initiatorType: e.initiatorType,
    startTime: e.startTime,
    domainLookupStart: e.domainLookupStart,
    domainLookupEnd: e.domainLookupEnd,
    connectStart: e.connectStart,
    secureConnectionStart: e.secureConnectionStart,
    connectEnd: e.connectEnd,
    requestStart: e.requestStart,
    responseStart: e.responseStart,
    responseEnd: e.responseEnd,
    transferSize: e.transferSize,
    encodedBodySize: e.encodedBodySize,
    decodedBodySize: e.decodedBodySize,
    nextHopProtocol: e.nextHopProtocol,
  })))();
