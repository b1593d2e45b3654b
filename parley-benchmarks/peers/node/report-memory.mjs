// For the benchmark harness's idle-capacity scenario: on SIGUSR2, collect garbage twice (node runs with
// --expose-gc) and print the process's memory as one line, `MEM {...}`, which the harness reads from the log.
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  console.log(`MEM ${JSON.stringify(process.memoryUsage())}`);
});
