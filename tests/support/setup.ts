import 'reflect-metadata';
process.env.KEHOACH_LOG_ERRORS ??= '1';
