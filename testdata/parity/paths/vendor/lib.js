console.log("vendored");
