/*
 * Stock MySQL get_user: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mysql/get_user.js; auth0/docs articles/connections/database/custom-db/templates/get-user.md).
 * Adapted (bench/stock/README.md): mysql2, configuration.MYSQL_URL, the connection ended once the
 * query has answered.
 */
function getByEmail(email, callback) {
  const mysql = require('mysql2');

  const connection = mysql.createConnection(configuration.MYSQL_URL);

  connection.connect();

  const query = 'SELECT id, nickname, email FROM users WHERE email = ?';

  connection.query(query, [email], function (err, results) {
    connection.end();
    if (err || results.length === 0) return callback(err || null);

    const user = results[0];
    callback(null, {
      user_id: user.id.toString(),
      nickname: user.nickname,
      email: user.email,
    });
  });
}
