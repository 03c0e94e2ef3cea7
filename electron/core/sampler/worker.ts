// placeholder, replaced by the scheduler work
export {};
