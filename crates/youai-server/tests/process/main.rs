//! The `youai` binary as a process, one test binary: settings errors, subcommands and `serve`
//! end to end (`cli`), and what survives a SIGKILL or a SIGTERM under load (`crash`).

mod cli;
mod crash;
mod webhooks;
