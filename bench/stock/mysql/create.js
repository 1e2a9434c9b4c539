/*
 * Stock MySQL create: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mysql/create.js; auth0/docs articles/connections/database/custom-db/templates/create.md).
 * Adapted (bench/stock/README.md): mysql2, configuration.MYSQL_URL, the hash in `password_hash`, the
 * connection ended once the query has answered, and the template's dead `results.length` test dropped.
 */
function create(user, callback) {
  const mysql = require('mysql2');
  const bcrypt = require('bcrypt');

  const connection = mysql.createConnection(configuration.MYSQL_URL);

  connection.connect();

  const query = 'INSERT INTO users SET ?';

  bcrypt.hash(user.password, 10, function (err, hash) {
    if (err) {
      connection.end();
      return callback(err);
    }

    const insert = {
      password_hash: hash,
      email: user.email,
    };

    connection.query(query, insert, function (err) {
      connection.end();
      if (err) return callback(err);
      callback(null);
    });
  });
}
