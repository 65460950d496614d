// Types of the module functions/dashboard/build.ts generates (app-bundle.js, not committed).
export declare const DASHBOARD_JS: string;
export declare const DASHBOARD_CSS: string;
