/*
 * Stock MySQL delete: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mysql/delete.js; auth0/docs articles/connections/database/custom-db/templates/delete.md).
 * Adapted (bench/stock/README.md): mysql2, configuration.MYSQL_URL, the connection ended once the
 * query has answered.
 */
function remove(id, callback) {
  const mysql = require('mysql2');

  const connection = mysql.createConnection(configuration.MYSQL_URL);

  connection.connect();

  const query = 'DELETE FROM users WHERE id = ?';

  connection.query(query, [id], function (err) {
    connection.end();
    if (err) return callback(err);
    callback(null);
  });
}
