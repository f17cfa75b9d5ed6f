"""The shared blocks every other core package builds on (the lowest layer; imports nothing else of the studio):
errors and problems, options, job specs and events, atomic writes, settings and the device choice."""
