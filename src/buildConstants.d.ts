/** Set by webpack's DefinePlugin (webpack.config.js): the ADDIN_ORIGIN the bundle was built for. */
declare const __ADDIN_ORIGIN__: string;
