(module
 (type $0 (func (param i64 i32 i32 i32) (result i32)))
 (type $1 (func (result i32)))
 (type $2 (func (param i32 i64 i64 i64 i32) (result i32)))
 (import "e" "m" (memory $0 1 65536))
 (export "b" (func $b))
 (func $walk (param $0 i64) (param $1 i32) (param $2 i32) (param $3 i32) (result i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 i64)
  (local $14 i64)
  (local.set $4
   (i32.load
    (i32.const 263048)
   )
  )
  (if
   (i32.eqz
    (i32.and
     (local.get $4)
     (i32.const 1)
    )
   )
   (then
    (return
     (i32.const 0)
    )
   )
  )
  (if
   (i64.ne
    (i64.shr_s
     (i64.shl
      (local.get $0)
      (i64.const 16)
     )
     (i64.const 16)
    )
    (local.get $0)
   )
   (then
    (return
     (i32.const 0)
    )
   )
  )
  (local.set $13
   (i64.and
    (i64.trunc_f64_u
     (f64.load
      (i32.const 263040)
     )
    )
    (i64.const -4096)
   )
  )
  (if
   (i64.ge_u
    (local.get $13)
    (i64.const 262144)
   )
   (then
    (return
     (i32.const 0)
    )
   )
  )
  (local.set $5
   (i32.wrap_i64
    (local.get $13)
   )
  )
  (local.set $6
   (i32.const 39)
  )
  (local.set $9
   (i32.const 1)
  )
  (local.set $10
   (i32.const 1)
  )
  (local.set $11
   (i32.const 0)
  )
  (block $found
   (loop $level
    (local.set $12
     (i32.add
      (local.get $5)
      (i32.shl
       (i32.wrap_i64
        (i64.and
         (i64.shr_u
          (local.get $0)
          (i64.extend_i32_u
           (local.get $6)
          )
         )
         (i64.const 511)
        )
       )
       (i32.const 3)
      )
     )
    )
    (if
     (i32.gt_u
      (local.get $12)
      (i32.const 262136)
     )
     (then
      (return
       (i32.const 0)
      )
     )
    )
    (local.set $7
     (i32.load
      (local.get $12)
     )
    )
    (local.set $8
     (i32.load offset=4
      (local.get $12)
     )
    )
    (if
     (i32.ne
      (i32.and
       (local.get $7)
       (i32.const 33)
      )
      (i32.const 33)
     )
     (then
      (return
       (i32.const 0)
      )
     )
    )
    (if
     (i32.lt_s
      (local.get $8)
      (i32.const 0)
     )
     (then
      (if
       (i32.eqz
        (i32.and
         (local.get $4)
         (i32.const 2)
        )
       )
       (then
        (return
         (i32.const 0)
        )
       )
       (else
        (local.set $11
         (i32.const 1)
        )
       )
      )
     )
    )
    (if
     (i32.eqz
      (i32.and
       (local.get $7)
       (i32.const 2)
      )
     )
     (then
      (local.set $9
       (i32.const 0)
      )
     )
    )
    (if
     (i32.eqz
      (i32.and
       (local.get $7)
       (i32.const 4)
      )
     )
     (then
      (local.set $10
       (i32.const 0)
      )
     )
    )
    (local.set $13
     (i64.or
      (i64.shl
       (i64.extend_i32_u
        (i32.and
         (local.get $8)
         (i32.const 1048575)
        )
       )
       (i64.const 32)
      )
      (i64.extend_i32_u
       (i32.and
        (local.get $7)
        (i32.const -4096)
       )
      )
     )
    )
    (if
     (i32.or
      (i32.eq
       (local.get $6)
       (i32.const 12)
      )
      (i32.and
       (i32.le_u
        (local.get $6)
        (i32.const 30)
       )
       (i32.ne
        (i32.and
         (local.get $7)
         (i32.const 128)
        )
        (i32.const 0)
       )
      )
     )
     (then
      (if
       (i32.and
        (i32.ge_u
         (local.get $1)
         (i32.const 8)
        )
        (i32.eqz
         (local.get $10)
        )
       )
       (then
        (return
         (i32.const 0)
        )
       )
      )
      (if
       (i32.and
        (local.get $2)
        (i32.and
         (i32.eqz
          (local.get $9)
         )
         (i32.or
          (i32.ge_u
           (local.get $1)
           (i32.const 8)
          )
          (i32.ne
           (i32.and
            (local.get $4)
            (i32.const 4)
           )
           (i32.const 0)
          )
         )
        )
       )
       (then
        (return
         (i32.const 0)
        )
       )
      )
      (if
       (i32.and
        (i32.ne
         (i32.and
          (local.get $1)
          (i32.const 36)
         )
         (i32.const 0)
        )
        (local.get $11)
       )
       (then
        (return
         (i32.const 0)
        )
       )
      )
      (if
       (i32.and
        (local.get $2)
        (i32.eqz
         (i32.and
          (local.get $7)
          (i32.const 64)
         )
        )
       )
       (then
        (return
         (i32.const 0)
        )
       )
      )
      (local.set $14
       (i64.add
        (i64.and
         (local.get $13)
         (i64.xor
          (i64.sub
           (i64.shl
            (i64.const 1)
            (i64.extend_i32_u
             (local.get $6)
            )
           )
           (i64.const 1)
          )
          (i64.const -1)
         )
        )
        (i64.and
         (local.get $0)
         (i64.and
          (i64.sub
           (i64.shl
            (i64.const 1)
            (i64.extend_i32_u
             (local.get $6)
            )
           )
           (i64.const 1)
          )
          (i64.const -4096)
         )
        )
       )
      )
      (if
       (i64.ge_u
        (local.get $14)
        (i64.const 4294967296)
       )
       (then
        (return
         (i32.const 0)
        )
       )
      )
      (br $found)
     )
    )
    (if
     (i64.ge_u
      (local.get $13)
      (i64.const 262144)
     )
     (then
      (return
       (i32.const 0)
      )
     )
    )
    (local.set $5
     (i32.wrap_i64
      (local.get $13)
     )
    )
    (local.set $6
     (i32.sub
      (local.get $6)
      (i32.const 9)
     )
    )
    (br $level)
   )
  )
  (if
   (i64.ne
    (i64.load offset=263168
     (i32.shl
      (local.get $3)
      (i32.const 3)
     )
    )
    (i64.shr_s
     (local.get $0)
     (i64.const 12)
    )
   )
   (then
    (i64.store offset=263168
     (i32.shl
      (local.get $3)
      (i32.const 3)
     )
     (i64.shr_s
      (local.get $0)
      (i64.const 12)
     )
    )
    (i32.store8 offset=328704
     (local.get $3)
     (i32.const 0)
    )
   )
  )
  (i32.store offset=295936
   (i32.shl
    (local.get $3)
    (i32.const 2)
   )
   (i32.wrap_i64
    (local.get $14)
   )
  )
  (i32.store8 offset=328704
   (local.get $3)
   (i32.or
    (i32.load8_u offset=328704
     (local.get $3)
    )
    (i32.or
     (local.get $1)
     (if (result i32)
      (local.get $2)
      (then
       (i32.shr_u
        (local.get $1)
        (i32.const 1)
       )
      )
      (else
       (i32.const 0)
      )
     )
    )
   )
  )
  (return
   (i32.const 1)
  )
 )
 (func $tr (param $0 i64) (param $1 i32) (param $2 i32) (param $3 i32) (result i32)
  (local $4 i64)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $4
   (i64.shr_s
    (local.get $0)
    (i64.const 12)
   )
  )
  (local.set $5
   (i32.wrap_i64
    (local.get $4)
   )
  )
  (local.set $6
   (i32.and
    (i32.xor
     (i32.xor
      (local.get $5)
      (i32.shr_s
       (local.get $5)
       (i32.const 11)
      )
     )
     (i32.shr_s
      (local.get $5)
      (i32.const 22)
     )
    )
    (i32.const 4095)
   )
  )
  (if
   (i32.or
    (i64.ne
     (i64.load offset=263168
      (i32.shl
       (local.get $6)
       (i32.const 3)
      )
     )
     (local.get $4)
    )
    (i32.eqz
     (i32.and
      (i32.load8_u offset=328704
       (local.get $6)
      )
      (local.get $1)
     )
    )
   )
   (then
    (if
     (i32.eqz
      (call $walk
       (local.get $0)
       (local.get $1)
       (local.get $3)
       (local.get $6)
      )
     )
     (then
      (return
       (i32.const -1)
      )
     )
    )
   )
  )
  (if
   (i32.gt_u
    (i32.add
     (i32.and
      (i32.wrap_i64
       (local.get $0)
      )
      (i32.const 4095)
     )
     (local.get $2)
    )
    (i32.const 4096)
   )
   (then
    (return
     (i32.const -1)
    )
   )
  )
  (local.set $7
   (i32.add
    (i32.load offset=295936
     (i32.shl
      (local.get $6)
      (i32.const 2)
     )
    )
    (i32.and
     (i32.wrap_i64
      (local.get $0)
     )
     (i32.const 4095)
    )
   )
  )
  (if
   (i32.gt_u
    (i32.add
     (local.get $7)
     (local.get $2)
    )
    (i32.const 262144)
   )
   (then
    (return
     (i32.const -1)
    )
   )
  )
  (if
   (i32.and
    (local.get $3)
    (i32.ne
     (i32.load8_u offset=332800
      (i32.shr_u
       (local.get $7)
       (i32.const 12)
      )
     )
     (i32.const 0)
    )
   )
   (then
    (return
     (i32.const -1)
    )
   )
  )
  (return
   (local.get $7)
  )
 )
 (func $b (result i32)
  (local $0 i32)
  (local $1 i64)
  (local $2 i64)
  (local $3 i64)
  (local $4 i64)
  (local $5 i32)
  (local $6 i64)
  (local $7 i64)
  (local $8 i64)
  (local $9 i64)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local $15 i64)
  (local $16 i64)
  (local $17 i64)
  (local $18 i64)
  (local $19 i32)
  (local $20 i64)
  (local $21 i32)
  (local $22 i64)
  (local.set $0
   (i32.load
    (i32.const 262656)
   )
  )
  (local.set $12
   (i32.load
    (i32.const 262736)
   )
  )
  (local.set $11
   (i32.const 0)
  )
  (local.set $14
   (i32.const 0)
  )
  (local.set $18
   (i64.const 4611686018427387904)
  )
  (local.set $20
   (i64.const 4611686018427387904)
  )
  (block
   (block
    (block
     (block
      (block
       (block
        (local.set $1
         (i64.load32_u align=1
          (i32.const 262144)
         )
        )
        (local.set $2
         (i64.const 3)
        )
        (local.set $3
         (i64.and
          (i64.shl
           (local.get $1)
           (local.get $2)
          )
          (i64.const 4294967295)
         )
        )
        (i64.store align=1
         (i32.const 262144)
         (i64.and
          (local.get $3)
          (i64.const 4294967295)
         )
        )
        (local.set $1
         (i64.load align=1
          (i32.const 262144)
         )
        )
        (local.set $2
         (i64.const 7)
        )
        (local.set $6
         (i64.mul
          (local.get $1)
          (local.get $2)
         )
        )
        (local.set $3
         (local.get $6)
        )
        (local.set $0
         (i32.or
          (i32.and
           (local.get $0)
           (i32.const -2262)
          )
          (i32.or
           (i32.or
            (i32.or
             (select
              (i32.const 64)
              (i32.const 0)
              (i64.eqz
               (local.get $3)
              )
             )
             (i32.and
              (i32.wrap_i64
               (i64.shr_u
                (local.get $3)
                (i64.const 56)
               )
              )
              (i32.const 128)
             )
            )
            (i32.shl
             (i32.xor
              (i32.and
               (i32.popcnt
                (i32.and
                 (i32.wrap_i64
                  (local.get $3)
                 )
                 (i32.const 255)
                )
               )
               (i32.const 1)
              )
              (i32.const 1)
             )
             (i32.const 2)
            )
           )
           (i32.mul
            (if (result i32)
             (i64.eqz
              (local.get $1)
             )
             (then
              (i32.const 0)
             )
             (else
              (if (result i32)
               (i64.eq
                (local.get $1)
                (i64.const -1)
               )
               (then
                (i64.eq
                 (local.get $2)
                 (i64.const -9223372036854775808)
                )
               )
               (else
                (i64.ne
                 (i64.div_s
                  (local.get $3)
                  (local.get $1)
                 )
                 (local.get $2)
                )
               )
              )
             )
            )
            (i32.const 2049)
           )
          )
         )
        )
        (i64.store align=1
         (i32.const 262160)
         (local.get $3)
        )
        (i64.store align=1
         (i32.const 262152)
         (i64.add
          (i64.add
           (i64.const 0)
           (i64.load
            (i32.const 262144)
           )
          )
          (i64.shl
           (i64.load
            (i32.const 262160)
           )
           (i64.const 2)
          )
         )
        )
        (local.set $11
         (i32.add
          (local.get $11)
          (i32.const 4)
         )
        )
       )
       (if
        (i32.gt_u
         (i32.add
          (local.get $11)
          (i32.const 3)
         )
         (local.get $12)
        )
        (then
         (i32.store
          (i32.const 262924)
          (i32.add
           (i32.load
            (i32.const 262924)
           )
           (i32.const 1)
          )
         )
         (f64.store
          (i32.const 262664)
          (f64.const 268435469)
         )
         (i32.store
          (i32.const 262656)
          (local.get $0)
         )
         (return
          (local.get $11)
         )
        )
       )
      )
      (block
       (local.set $1
        (i64.load8_u
         (i32.const 262152)
        )
       )
       (i64.store align=1
        (i32.const 262192)
        (i64.and
         (local.get $1)
         (i64.const 4294967295)
        )
       )
       (local.set $1
        (i64.load32_u align=1
         (i32.const 262200)
        )
       )
       (local.set $2
        (i64.load32_u align=1
         (i32.const 262192)
        )
       )
       (local.set $3
        (i64.and
         (i64.sub
          (local.get $1)
          (local.get $2)
         )
         (i64.const 4294967295)
        )
       )
       (local.set $15
        (local.get $1)
       )
       (local.set $16
        (local.get $2)
       )
       (local.set $17
        (local.get $3)
       )
       (local.set $14
        (i32.const 1)
       )
       (local.set $11
        (i32.add
         (local.get $11)
         (i32.const 3)
        )
       )
      )
     )
     (if
      (i32.gt_u
       (i32.add
        (local.get $11)
        (i32.const 1)
       )
       (local.get $12)
      )
      (then
       (local.set $0
        (call $mat
         (local.get $0)
         (local.get $15)
         (local.get $16)
         (local.get $17)
         (local.get $14)
        )
       )
       (i32.store
        (i32.const 262924)
        (i32.add
         (i32.load
          (i32.const 262924)
         )
         (i32.const 1)
        )
       )
       (f64.store
        (i32.const 262664)
        (f64.const 268435476)
       )
       (i32.store
        (i32.const 262656)
        (local.get $0)
       )
       (return
        (local.get $11)
       )
      )
     )
    )
    (block
     (local.set $11
      (i32.add
       (local.get $11)
       (i32.const 1)
      )
     )
     (block
      (local.set $0
       (call $mat
        (local.get $0)
        (local.get $15)
        (local.get $16)
        (local.get $17)
        (local.get $14)
       )
      )
      (i32.store
       (i32.const 262936)
       (i32.add
        (i32.load
         (i32.const 262936)
        )
        (i32.const 1)
       )
      )
      (f64.store
       (i32.const 262664)
       (f64.const 268435477)
      )
      (i32.store
       (i32.const 262656)
       (local.get $0)
      )
      (return
       (i32.or
        (local.get $11)
        (i32.const -2147483648)
       )
      )
     )
    )
   )
  )
  (unreachable)
 )
 (func $mat (param $0 i32) (param $1 i64) (param $2 i64) (param $3 i64) (param $4 i32) (result i32)
  (if
   (i32.eq
    (local.get $4)
    (i32.const 1)
   )
   (then
    (local.set $0
     (i32.or
      (i32.and
       (local.get $0)
       (i32.const -2262)
      )
      (i32.and
       (i32.or
        (i32.or
         (i32.or
          (i32.or
           (i32.or
            (select
             (i32.const 64)
             (i32.const 0)
             (i64.eqz
              (local.get $3)
             )
            )
            (i32.and
             (i32.wrap_i64
              (i64.shr_u
               (local.get $3)
               (i64.const 24)
              )
             )
             (i32.const 128)
            )
           )
           (i32.shl
            (i32.xor
             (i32.and
              (i32.popcnt
               (i32.and
                (i32.wrap_i64
                 (local.get $3)
                )
                (i32.const 255)
               )
              )
              (i32.const 1)
             )
             (i32.const 1)
            )
            (i32.const 2)
           )
          )
          (i32.and
           (i32.wrap_i64
            (i64.xor
             (i64.xor
              (local.get $1)
              (local.get $2)
             )
             (local.get $3)
            )
           )
           (i32.const 16)
          )
         )
         (i32.shl
          (i32.and
           (i32.wrap_i64
            (i64.shr_u
             (i64.and
              (i64.xor
               (local.get $1)
               (local.get $2)
              )
              (i64.xor
               (local.get $1)
               (local.get $3)
              )
             )
             (i64.const 31)
            )
           )
           (i32.const 1)
          )
          (i32.const 11)
         )
        )
        (i64.lt_u
         (local.get $1)
         (local.get $2)
        )
       )
       (i32.const 2261)
      )
     )
    )
   )
  )
  (return
   (local.get $0)
  )
 )
)
