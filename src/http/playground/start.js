// Starts GraphiQL on the gateway's own page (src/http/playground/mod.rs), from
// files the gateway serves itself: no inline script, so that the page's
// Content-Security-Policy can say script-src 'self'.
//
// The page's root element carries the query and variables to open on (data
// attributes). Queries and mutations go over HTTP to graphql (POST,
// application/json); subscriptions over graphql-ws to graphql/ws, whose
// connection_init carries the Authorization header the user typed in
// GraphiQL's headers editor. GraphiQL hands the editor's headers to the
// fetcher with every operation (and keeps them in localStorage
// "graphiql:headers" only when the user asks it to persist them); when the
// Authorization changes, the WebSocket client is replaced, since a token
// counts for a whole connection.
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var http = new URL('graphql', document.baseURI);
  var ws = new URL('graphql/ws', document.baseURI);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';

  function authorization(headers) {
    if (!headers || typeof headers !== 'object') {
      return null;
    }
    for (var name in headers) {
      if (name.toLowerCase() === 'authorization' && typeof headers[name] === 'string') {
        return headers[name];
      }
    }
    return null;
  }

  // What the headers editor holds when GraphiQL persists it.
  function storedAuthorization() {
    try {
      return authorization(JSON.parse(window.localStorage.getItem('graphiql:headers') || '{}'));
    } catch (e) {
      return null;
    }
  }

  // GraphiQL's introspection query (graphql-js getIntrospectionQuery) nests
  // type references eight levels deep, 13 in all: more than the gateway's
  // limits.max_depth (12) allows, so the schema (completion, docs) would not
  // load. This one asks four levels of ofType, enough for the schema's
  // deepest type ([X!]!), and is 9 deep. It replaces GraphiQL's, also in the
  // variant without subscriptionType that GraphiQL retries with.
  var TYPE_REF = 'fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }';
  var INTROSPECTION = [
    'query IntrospectionQuery { __schema {',
    '  queryType { name } mutationType { name } subscriptionType { name }',
    '  types { ...FullType }',
    '  directives { name description locations args { ...InputValue } }',
    '} }',
    'fragment FullType on __Type { kind name description',
    '  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }',
    '  inputFields { ...InputValue }',
    '  interfaces { ...TypeRef }',
    '  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }',
    '  possibleTypes { ...TypeRef } }',
    'fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }',
    TYPE_REF
  ].join('\n');

  function shallowIntrospection(params) {
    if (!params || params.operationName !== 'IntrospectionQuery') {
      return params;
    }
    var query = INTROSPECTION;
    if (params.query.indexOf('subscriptionType') < 0) {
      query = query.replace('subscriptionType { name }', '');
    }
    return Object.assign({}, params, { query: query });
  }

  var current = { authorization: undefined, client: null, fetcher: null };

  function fetcherFor(auth) {
    if (current.fetcher && current.authorization === auth) {
      return current.fetcher;
    }
    if (current.client) {
      current.client.dispose();
    }
    var client = graphqlWs.createClient({
      url: ws.toString(),
      lazy: true,
      connectionParams: function () {
        return auth ? { Authorization: auth } : {};
      }
    });
    current = {
      authorization: auth,
      client: client,
      fetcher: GraphiQL.createFetcher({ url: http.toString(), wsClient: client })
    };
    return current.fetcher;
  }

  function fetcher(params, options) {
    var auth = authorization(options && options.headers);
    var run = fetcherFor(auth === null ? storedAuthorization() : auth);
    return run(shallowIntrospection(params), options);
  }

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      query: root.dataset.query,
      variables: root.dataset.variables,
      defaultEditorToolsVisibility: 'variables'
    })
  );
})();
